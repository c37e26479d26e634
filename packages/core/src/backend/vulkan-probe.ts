// Why Dawn found no WebGPU adapter on Linux, where it runs on Vulkan: the Vulkan loader (libvulkan.so.1) or every
// Vulkan driver (an ICD manifest) is missing. Dawn itself only prints "Found no drivers!" to stderr and returns a
// null adapter, so the library looks for the two pieces the way the loader does. Internal to core. Node's modules are
// imported dynamically, so that browser bundles of core (which leave node:* external) load without them.

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

/** What is missing for Vulkan, as one phrase, or undefined when both the loader and a driver are present. */
export async function missingVulkan(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  if (!vulkanLoaderPresent(env, fs, path)) return 'the Vulkan loader libvulkan.so.1 is not installed';
  const icds = vulkanDriverManifests(env, fs, path);
  if (icds.length === 0) {
    const listed = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
    return listed !== undefined
      ? `no Vulkan driver: none of the manifests in VK_DRIVER_FILES/VK_ICD_FILENAMES (${listed}) exists`
      : 'no Vulkan driver (ICD) is installed';
  }
  return undefined;
}

/** The loader is found like the dynamic linker does: LD_LIBRARY_PATH, the linker cache, the usual folders. */
function vulkanLoaderPresent(
  env: NodeJS.ProcessEnv,
  { existsSync, readFileSync }: Fs,
  { delimiter, join }: Path,
): boolean {
  const dirs = [
    ...(env.LD_LIBRARY_PATH ?? '').split(delimiter).filter((d) => d.length > 0),
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/lib/x86_64-linux-gnu',
    '/lib/aarch64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
  ];
  if (dirs.some((d) => existsSync(join(d, 'libvulkan.so.1')))) return true;
  try {
    return readFileSync('/etc/ld.so.cache').includes('libvulkan.so.1');
  } catch {
    return false;
  }
}

/** ICD manifests the loader would read: the files named by the environment, else the standard folders. */
function vulkanDriverManifests(
  env: NodeJS.ProcessEnv,
  { existsSync, readdirSync }: Fs,
  { delimiter, join }: Path,
): string[] {
  const listed = env.VK_DRIVER_FILES ?? env.VK_ICD_FILENAMES;
  if (listed !== undefined) return listed.split(delimiter).filter((f) => f.length > 0 && existsSync(f));
  const dataDirs = [env.XDG_DATA_HOME, ...(env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(delimiter)];
  const dirs = [
    '/etc/vulkan/icd.d',
    ...dataDirs.filter((d): d is string => d !== undefined && d.length > 0).map((d) => join(d, 'vulkan', 'icd.d')),
  ];
  const found: string[] = [];
  for (const dir of dirs) {
    try {
      for (const f of readdirSync(dir)) if (f.endsWith('.json')) found.push(join(dir, f));
    } catch {
      // A folder that does not exist holds no driver.
    }
  }
  return found;
}
