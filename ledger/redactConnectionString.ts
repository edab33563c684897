/**
 * `text` with every password of a connection string in it replaced by `***`: the userinfo's (`//user:secret@`)
 * and a `password=` parameter's. Connection strings may be shown in messages, logs, banners and metrics; their
 * passwords never.
 */
export function redactConnectionString(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*:)[^/\s]*@/g, '$1***@').replace(/([?&]password=)[^&\s]*/gi, '$1***');
}
