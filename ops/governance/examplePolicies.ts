/**
 * A realistic tenant policy set (20 policies) for the bench and the tests: permits per role and side-effect
 * class, budget and tenant conditions, hard forbids, risk thresholds and approval gates.
 */
export const EXAMPLE_POLICIES = `
@id("app-read") @reason("apps may call read-only tools")
permit(principal, action == Mir::Action::"invokeTool", resource)
when { principal.role == "app" && resource.sideEffect == "read" };

@id("app-reversible") @reason("apps may call reversible tools in a running run")
permit(principal, action == Mir::Action::"invokeTool", resource)
when { principal.role == "app" && resource.sideEffect == "reversible" && context.run.status == "running" };

@id("app-irreversible") @reason("apps may call irreversible tools, subject to the gates below")
permit(principal, action == Mir::Action::"invokeTool", resource)
when { principal.role == "app" && resource.sideEffect == "irreversible" };

@id("admin-any") @reason("admins may call any tool")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "admin" };

@id("reviewer-read")
permit(principal, action == Mir::Action::"invokeTool", resource)
when { principal.role == "reviewer" && resource.sideEffect == "read" };

@id("kv-get-anyone")
permit(principal, action == Mir::Action::"invokeTool", resource)
when { resource.name == "kv.get" && principal.role != "auditor" };

@id("tenant-match") @reason("principal and request belong to different tenants")
forbid(principal, action, resource) unless { principal.tenant == context.tenant };

@id("auditor-no-tools") @reason("auditors never call tools")
forbid(principal, action, resource) when { principal.role == "auditor" };

@id("run-not-running") @reason("the run is not running")
forbid(principal, action, resource) unless { context.run.status == "running" || context.run.status == "pending" };

@id("tool-budget") @reason("the run's tool-call budget is spent")
forbid(principal, action, resource)
when { context.run.budget has maxToolCalls && context.run.toolCalls >= context.run.budget.maxToolCalls };

@id("inference-budget")
forbid(principal, action, resource)
when { context.run.budget has maxInferenceCalls && context.run.inferenceCalls > context.run.budget.maxInferenceCalls };

@id("risk-block") @reason("risk score above 0.9: refused")
forbid(principal, action, resource) when { context has riskScoreBp && context.riskScoreBp > 9000 };

@id("risk-irreversible-gate") @approval("required") @reason("irreversible call with risk above 0.5 needs approval")
forbid(principal, action, resource)
when { resource.sideEffect == "irreversible" && context has riskScoreBp && context.riskScoreBp > 5000 };

@id("unscored-irreversible-gate") @approval("required")
forbid(principal, action, resource) when { resource.sideEffect == "irreversible" && !(context has riskScoreBp) };

@id("payments-gate") @approval("required") @reason("payments need a human")
forbid(principal, action, resource) when { context.tool.riskTags.contains("payment") };

@id("pii-export-block") @reason("exporting PII is forbidden")
forbid(principal, action, resource)
when { context.tool.riskTags.contains("pii") && context.tool.riskTags.contains("export") };

@id("http-internal-only") @reason("the HTTP tool may reach internal hosts only")
forbid(principal, action, resource)
when {
  resource.name == "http.get" &&
  !(context.args.hasTag("url") &&
    context.args.getTag("url") like "http://*.internal/*" &&
    !(context.args.getTag("url") like "http://*/*.internal/*") &&
    !(context.args.getTag("url") like "*@*") &&
    !(context.args.getTag("url") like "*?*") &&
    !(context.args.getTag("url") like "*#*"))
};

@id("shell-block")
forbid(principal, action, resource) when { resource.name like "shell*" };

@id("deprecated-version")
forbid(principal, action, resource) when { resource.name == "kv.put" && resource.version == "0.9" };

@id("delete-many-gate") @approval("required")
forbid(principal, action, resource)
when { resource.name == "kv.delete" && context.args.hasTag("count") && context.args.getTag("count") != "1" };
`;
