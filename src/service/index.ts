/** The public surface of the service-file generators (systemd user unit, launchd agent). */
export {
  defaultPlatform,
  disableCommands,
  enableCommands,
  GENERATED_MARKER,
  LAUNCHD_LABEL,
  PASSED_VARIABLES,
  SERVICE_PLATFORMS,
  serviceFile,
  servicePlan,
  shellWord,
  UNIT_NAME,
  type ServicePlan,
  type ServicePlatform,
} from './plan.js';
export { assertPrintable, ServiceFileError, systemdUnit, systemdWord } from './systemd.js';
export { launchdPlist, xmlEscape } from './launchd.js';
import { launchdPlist } from './launchd.js';
import type { ServicePlan } from './plan.js';
import { systemdUnit } from './systemd.js';

/** The file content for the plan's platform. @throws ServiceFileError for a control character in a path or value. */
export function serviceFileContent(plan: ServicePlan): string {
  return plan.platform === 'darwin' ? launchdPlist(plan) : systemdUnit(plan);
}
