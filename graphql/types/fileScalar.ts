import { GraphQLError } from '../graphqlJs.js';
import { builder } from '../builder.js';
import { isUploadedFile } from '../uploads/uploadedFile.js';

/**
 * A file sent in a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec):
 * input only. It cannot be written inline in a query or sent in a JSON body.
 */
export const FileScalar = builder.scalarType('File', {
  description:
    'A file part of a multipart request (GraphQL multipart request spec). Input only; send the request as ' +
    '`multipart/form-data` with the `x-graphql-yoga-csrf` header.',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar');
  },
  parseValue: (value) => {
    if (!isUploadedFile(value))
      throw new GraphQLError('a File is sent as a part of a multipart/form-data request', {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    return value;
  },
  parseLiteral: (node) => {
    throw new GraphQLError('a File cannot be written inline: send it as a multipart part', { nodes: [node] });
  },
});
