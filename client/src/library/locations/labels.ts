import type { Location, LocationCamera, LocationLighting, LocationShot } from "@comic-studio/shared";

export const CAMERA_LABEL: Record<LocationCamera, string> = {
  eye: "Eye level",
  low: "Low angle",
  high: "Bird’s eye",
};
export const SHOT_LABEL: Record<LocationShot, string> = { wide: "Wide", medium: "Medium" };
export const LIGHTING_LABEL: Record<LocationLighting, string> = { day: "Day", night: "Night" };

export const LOCATION_STATUS_LABEL: Record<Location["status"], string> = {
  draft: "Draft to approve",
  approved: "Approved",
  locked: "Locked",
  archived: "Archived",
};
