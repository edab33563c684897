/** A tensor a model takes or gives (`TensorSpec`). */
export interface TensorSpec {
  readonly name: string;
  readonly type: string;
  readonly shape: readonly { readonly name: string | null; readonly size: number | null }[] | null;
}

export interface CatalogModel {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly sha256: string;
  readonly size: number;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  readonly shipped: boolean;
  readonly registeredAt: string;
}

export interface CatalogTool {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly sideEffect: string;
  readonly execution: string;
  readonly riskTags: readonly string[];
  readonly rateLimit: { readonly calls: number; readonly perMs: number } | null;
  readonly timeoutMs: number;
  readonly inputSchema: unknown;
  readonly outputSchema: unknown;
  readonly compensation: unknown;
  readonly builtIn: boolean;
}

/** One published version of the tenant's policy set (`PolicySet`). */
export interface PolicySetVersion {
  readonly version: number;
  readonly description: string;
  readonly policies: string;
  readonly policyIds: readonly string[];
  readonly publishedBy: string;
  readonly publishedAt: string;
  readonly sha256: string;
}

const TENSOR = 'name type shape { name size }';

export const MODELS_QUERY = `query CatalogModels {
  models { name version description sha256 size inputs { ${TENSOR} } outputs { ${TENSOR} } shipped registeredAt }
}`;

export const TOOLS_QUERY = `query CatalogTools {
  tools {
    name version description sideEffect execution riskTags rateLimit { calls perMs } timeoutMs
    inputSchema outputSchema compensation builtIn
  }
}`;

const POLICY_SET = 'version description policies policyIds publishedBy publishedAt sha256';

export const POLICY_SETS_QUERY = `query CatalogPolicySets {
  policies { ${POLICY_SET} }
  policyVersions { ${POLICY_SET} }
}`;

export const PUBLISH_POLICY = `mutation PublishPolicy($policies: String!, $description: String, $idempotencyKey: String) {
  publishPolicy(policies: $policies, description: $description, idempotencyKey: $idempotencyKey) {
    __typename
    ... on PublishPolicyPayload { published policySet { version sha256 } }
    ... on Error { code message }
    ... on PolicyInvalidError { problems { policyId message help } }
    ... on PolicyLimitExceededError { limit actual max eventId }
  }
}`;
