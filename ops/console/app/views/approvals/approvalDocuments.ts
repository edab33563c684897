/** What the console reads of a pending approval: everything a reviewer needs to know what exactly will run. */
const APPROVAL_FIELDS = `
  approvalId runId callId tool toolVersion args argsRecorded argsDigest riskScore policySetVersion
  policies { id text } reasons requestedBy requestedAt expiresAt expired position
`;

export const APPROVALS_QUERY = `query Approvals { approvals { ${APPROVAL_FIELDS} } }`;

export const APPROVALS_SUBSCRIPTION = `subscription ApprovalQueue {
  approvals(includePending: true) { kind event { position } approval { ${APPROVAL_FIELDS} } }
}`;

export const DECIDE_APPROVAL = `mutation DecideApproval(
  $runId: ID!, $approvalId: ID!, $decision: ApprovalDecisionInput!, $reason: String!, $idempotencyKey: String
) {
  decideApproval(
    runId: $runId, approvalId: $approvalId, decision: $decision, reason: $reason, idempotencyKey: $idempotencyKey
  ) {
    __typename
    ... on ApprovalDecision { outcome reason }
    ... on Error { code message }
  }
}`;
