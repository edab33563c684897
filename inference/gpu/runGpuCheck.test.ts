import { describe, expect, it } from 'vitest';
import type { GpuProbe } from './cudaDetection.js';
import { missingProviderLibraries, onnxRuntimeBindingDirectory } from './cudaProviderLibraries.js';
import { runGpuCheck } from './runGpuCheck.js';

async function check(probe: GpuProbe): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runGpuCheck(probe, (line) => lines.push(line));
  return { code, lines };
}

describe('runGpuCheck', () => {
  it('prints SKIPPED and succeeds where there is no GPU', async () => {
    const probe: GpuProbe = {
      platform: 'linux',
      pathExists: () => false,
      nvidiaSmiListsGpu: () => false,
      bindingDirectory: '/nowhere',
    };

    await expect(check(probe)).resolves.toEqual({
      code: 0,
      lines: ['SKIPPED: no NVIDIA GPU: /dev/nvidia0 is absent and nvidia-smi lists none'],
    });
  });

  it.skipIf(missingProviderLibraries('cuda') === null)(
    'fails when told there is a GPU but CUDA cannot load: a CPU fallback never passes',
    async () => {
      const claimsGpu: GpuProbe = {
        platform: 'linux',
        pathExists: () => true,
        nvidiaSmiListsGpu: () => true,
        bindingDirectory: onnxRuntimeBindingDirectory(),
      };

      const { code, lines } = await check(claimsGpu);

      expect(code).toBe(1);
      expect(lines[0]).toBe('FAIL:');
      expect(lines[1]).toMatch(/^ {2}- load ran on cpu, not cuda \(cuda: .*not installed/);
      expect(lines.join('\n')).toMatch(/max \|cuda − cpu\| = 0\.00e\+0 over 16384 values/);
    },
  );
});
