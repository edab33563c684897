import { describe, expect, it } from 'vitest';
import { ConfigError, loadRuntimeConfig } from './runtimeConfig.js';

describe('runtime config', () => {
  it('given nothing, then strict defaults: loopback, port 4000, no CORS origins, 64 KiB bodies, no GraphiQL', () => {
    const config = loadRuntimeConfig({}, {});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 4000,
      corsOrigins: [],
      maxRequestBytes: 65536,
      graphiql: false,
      console: true,
      development: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(config.dataDir.root).toMatch(/data$/);
  });

  it('given flags and MIR_* variables, then flags win over variables', () => {
    const config = loadRuntimeConfig(
      { port: '5000' },
      {
        MIR_PORT: '6000',
        MIR_HOST: '0.0.0.0',
        MIR_CORS_ORIGINS: 'https://a.example, http://localhost:3000',
        MIR_DATA_DIR: '/tmp/x',
      },
    );
    expect(config).toMatchObject({
      port: 5000,
      host: '0.0.0.0',
      corsOrigins: ['https://a.example', 'http://localhost:3000'],
    });
    expect(config.dataDir.root).toBe('/tmp/x');
  });

  it('given MIR_CONSOLE=0, then the console is off; given something else than 0 or 1, then ConfigError names it', () => {
    expect(loadRuntimeConfig({}, { MIR_CONSOLE: '0' }).console).toBe(false);
    expect(loadRuntimeConfig({}, { MIR_CONSOLE: '1' }).console).toBe(true);
    expect(() => loadRuntimeConfig({}, { MIR_CONSOLE: 'off' })).toThrow(/MIR_CONSOLE/);
  });

  it('when a setting is malformed, then ConfigError names it', () => {
    expect(() => loadRuntimeConfig({ port: '80a' }, {})).toThrow(ConfigError);
    expect(() => loadRuntimeConfig({}, { MIR_CORS_ORIGINS: '*' })).toThrow(/CORS origin/);
    expect(() => loadRuntimeConfig({}, { MIR_MAX_REQUEST_BYTES: '10' })).toThrow(/MIR_MAX_REQUEST_BYTES/);
  });

  it('given nothing, then the default policy limits; given MIR_POLICY_* variables, then those, range-checked', () => {
    expect(loadRuntimeConfig({}, {}).governance.policyLimits).toEqual({
      maxBytes: 65_536,
      maxPolicies: 256,
      maxDepth: 48,
    });
    const env = { MIR_POLICY_MAX_BYTES: '2048', MIR_POLICY_MAX_POLICIES: '10', MIR_POLICY_MAX_DEPTH: '20' };
    expect(loadRuntimeConfig({}, env).governance.policyLimits).toEqual({
      maxBytes: 2048,
      maxPolicies: 10,
      maxDepth: 20,
    });
    expect(() => loadRuntimeConfig({}, { MIR_POLICY_MAX_DEPTH: '0' })).toThrow(/MIR_POLICY_MAX_DEPTH/);
  });

  it('given nothing, then at most 32 pending approvals per run and 1,000 per tenant; the MIR_* variables set them', () => {
    expect(loadRuntimeConfig({}, {}).governance).toMatchObject({
      maxPendingApprovalsPerRun: 32,
      maxPendingApprovalsPerTenant: 1_000,
    });
    const env = { MIR_MAX_PENDING_APPROVALS_PER_RUN: '4', MIR_MAX_PENDING_APPROVALS_PER_TENANT: '50000' };
    expect(loadRuntimeConfig({}, env).governance).toMatchObject({
      maxPendingApprovalsPerRun: 4,
      maxPendingApprovalsPerTenant: 50_000,
    });
    expect(() => loadRuntimeConfig({}, { MIR_MAX_PENDING_APPROVALS_PER_RUN: '0' })).toThrow(
      /MIR_MAX_PENDING_APPROVALS_PER_RUN must be an integer from 1 to 1000000, got "0"/,
    );
    expect(() => loadRuntimeConfig({}, { MIR_MAX_PENDING_APPROVALS_PER_TENANT: 'many' })).toThrow(
      /MIR_MAX_PENDING_APPROVALS_PER_TENANT/,
    );
  });
});
