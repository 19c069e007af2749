/** Public surface of per-shell overlays: naming, KUBECONFIG values, writing, switching and cleaning up. */
export { OverlayError } from './errors.js';
export {
  isOverlayPath,
  overlayFolder,
  parseOverlayPath,
  overlayFileName,
  OVERLAY_PREFIX,
  OVERLAY_FOLDER,
  type OverlayName,
} from './paths.js';
export { pinnedValue, unpinnedValue, userElements } from './value.js';
export { overlayText, writeOverlay, type OverlayContent } from './write.js';
export { useContext, useNamespace, type ShellState, type Switched } from './switch.js';
export { clusterNamespaces, type NamespaceLookup } from './namespaces.js';
export { closestNames } from './closest.js';
export { removeDeadOverlays } from './cleanup.js';
export { OVERLAY_REPLY_MAGIC, overlayReply } from './reply.js';
