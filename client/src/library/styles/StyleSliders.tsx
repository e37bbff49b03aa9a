import type { StyleOverrides } from "@comic-studio/shared";

/** The three adjustments the plan offers: line weight, colour warmth and detail level. */
const SLIDERS = [
  { key: "lineWeight", label: "Line weight", min: 0, max: 1, left: "hairline", right: "heavy" },
  { key: "warmth", label: "Colour warmth", min: -1, max: 1, left: "cool", right: "warm" },
  { key: "detail", label: "Detail level", min: 0, max: 1, left: "sparse", right: "busy" },
] as const;

export type SliderValues = Required<StyleOverrides>;

/** Sliders whose values go with the next preview ("Preview again"). */
export function StyleSliders({
  values,
  onChange,
  disabled,
}: {
  values: SliderValues;
  onChange(values: SliderValues): void;
  disabled: boolean;
}) {
  return (
    <fieldset className="lib-sliders" disabled={disabled}>
      <legend>Adjust</legend>
      {SLIDERS.map((s) => (
        <label key={s.key} className="lib-slider">
          <span className="lib-slider-head">
            {s.label} <code>{values[s.key].toFixed(2)}</code>
          </span>
          <input
            type="range"
            min={s.min}
            max={s.max}
            step={0.05}
            value={values[s.key]}
            onChange={(e) => onChange({ ...values, [s.key]: Number(e.target.value) })}
          />
          <span className="lib-meter-ends muted small">
            <span>{s.left}</span>
            <span>{s.right}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
