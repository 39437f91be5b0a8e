/** True when testcontainers finds a Docker-compatible runtime (checked once per process). */
let available: Promise<boolean> | undefined;

export function hasContainerRuntime(): Promise<boolean> {
  available ??= import('testcontainers')
    .then(({ getContainerRuntimeClient }) => getContainerRuntimeClient())
    .then(
      () => true,
      () => false,
    );
  return available;
}
