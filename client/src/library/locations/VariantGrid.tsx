import {
  LOCATION_CAMERAS,
  LOCATION_LIGHTINGS,
  LOCATION_SHOTS,
  type LocationVariant,
} from "@comic-studio/shared";
import { useState } from "react";
import { CAMERA_LABEL, LIGHTING_LABEL, SHOT_LABEL } from "./labels.ts";

/** The 12 locked variants as a table: a row per camera, a column per shot and light; depth on demand. */
export function VariantGrid({ variants }: { variants: readonly LocationVariant[] }) {
  const [depth, setDepth] = useState(false);
  const columns = LOCATION_SHOTS.flatMap((shot) =>
    LOCATION_LIGHTINGS.map((lighting) => ({ shot, lighting })),
  );
  return (
    <section className="card section" aria-label="Location variants">
      <div className="lib-section-head">
        <div>
          <h2>Variants</h2>
          <p className="muted small" data-testid="variant-count">
            {variants.length} of {LOCATION_CAMERAS.length * columns.length} variants · panels that use this
            location take the variant for their framing, free.
          </p>
        </div>
        <label className="check">
          <input type="checkbox" checked={depth} onChange={(e) => setDepth(e.target.checked)} />
          Show depth maps
        </label>
      </div>
      <table className="lib-variants">
        <thead>
          <tr>
            <th scope="col">Camera</th>
            {columns.map((c) => (
              <th scope="col" key={`${c.shot}-${c.lighting}`}>
                {SHOT_LABEL[c.shot]} · {LIGHTING_LABEL[c.lighting]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {LOCATION_CAMERAS.map((camera) => (
            <tr key={camera}>
              <th scope="row">{CAMERA_LABEL[camera]}</th>
              {columns.map(({ shot, lighting }) => {
                const v = variants.find(
                  (x) => x.camera === camera && x.shot === shot && x.lighting === lighting,
                );
                const label = `${CAMERA_LABEL[camera]}, ${SHOT_LABEL[shot]}, ${LIGHTING_LABEL[lighting]}`;
                return (
                  <td key={`${shot}-${lighting}`} data-testid="location-variant">
                    {v ? (
                      <img
                        src={depth ? v.depthUrl : v.imageUrl}
                        alt={depth ? `Depth map: ${label}` : label}
                        loading="lazy"
                      />
                    ) : (
                      <span className="muted small">missing</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
