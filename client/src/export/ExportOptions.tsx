import {
  type CreateExportBody,
  DEFAULT_STRIP_GUTTER_PX,
  type ExportFormat,
  PRICES,
  WEBTOON_PRESETS,
  type WebtoonPresetName,
} from "@comic-studio/shared";

/** The format-specific choices of the export form. */
export interface ExportChoice {
  highRes: boolean;
  preset: WebtoonPresetName;
  gutterPx: number;
  /** Custom preset limits, as typed (px and MB). */
  widthPx: number;
  maxSliceHeightPx: number;
  maxSliceMb: number | null;
  maxEpisodeMb: number | null;
}

export const emptyExportChoice: ExportChoice = {
  highRes: false,
  preset: "webtoon-canvas",
  gutterPx: DEFAULT_STRIP_GUTTER_PX,
  widthPx: 800,
  maxSliceHeightPx: 1280,
  maxSliceMb: null,
  maxEpisodeMb: null,
};

const BYTES_PER_MB = 1024 * 1024;

/** The request fields for a format's choices. */
export function exportBody(
  format: ExportFormat,
  c: ExportChoice,
): Pick<CreateExportBody, "highRes" | "preset" | "custom" | "gutterPx"> {
  if (format !== "webtoon") return { highRes: c.highRes };
  return {
    preset: c.preset,
    gutterPx: c.gutterPx,
    ...(c.preset === "custom"
      ? {
          custom: {
            widthPx: c.widthPx,
            maxSliceHeightPx: c.maxSliceHeightPx,
            maxSliceBytes: c.maxSliceMb === null ? null : Math.round(c.maxSliceMb * BYTES_PER_MB),
            maxTotalBytes: c.maxEpisodeMb === null ? null : Math.round(c.maxEpisodeMb * BYTES_PER_MB),
          },
        }
      : {}),
  };
}

function NumberField(props: {
  label: string;
  value: number | null;
  min: number;
  max: number;
  step?: number;
  optional?: boolean;
  onChange(value: number | null): void;
}) {
  return (
    <label className="export-number">
      {props.label}{" "}
      <input
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={props.value ?? ""}
        placeholder={props.optional ? "no limit" : undefined}
        required={!props.optional}
        onChange={(e) => props.onChange(e.target.value === "" ? null : Number(e.target.value))}
      />
    </label>
  );
}

/** Resolution for PNG and PDF; platform preset, custom limits and gutter for a webtoon strip. */
export function ExportOptions({
  format,
  choice,
  onChange,
}: {
  format: ExportFormat;
  choice: ExportChoice;
  onChange(next: ExportChoice): void;
}) {
  const set = (patch: Partial<ExportChoice>) => onChange({ ...choice, ...patch });
  if (format !== "webtoon") {
    return (
      <label className="export-highres">
        <input
          type="checkbox"
          checked={choice.highRes}
          onChange={(e) => set({ highRes: e.target.checked })}
        />{" "}
        High resolution (600 dpi instead of 300): {PRICES.highResExportPerPanel} credits per panel with a
        picture. Standard export is free.
      </label>
    );
  }
  return (
    <fieldset>
      <legend>Platform</legend>
      <select
        aria-label="Platform preset"
        value={choice.preset}
        onChange={(e) => set({ preset: e.target.value as WebtoonPresetName })}
      >
        {Object.entries(WEBTOON_PRESETS).map(([name, p]) => (
          <option key={name} value={name}>
            {p.label}
          </option>
        ))}
        <option value="custom">Custom size limits</option>
      </select>
      {choice.preset === "custom" && (
        <>
          <NumberField
            label="Width px"
            value={choice.widthPx}
            min={200}
            max={4000}
            onChange={(v) => set({ widthPx: v ?? 800 })}
          />
          <NumberField
            label="Max slice height px"
            value={choice.maxSliceHeightPx}
            min={200}
            max={20000}
            onChange={(v) => set({ maxSliceHeightPx: v ?? 1280 })}
          />
          <NumberField
            label="Max slice MB"
            value={choice.maxSliceMb}
            min={0.01}
            max={100}
            step={0.01}
            optional
            onChange={(v) => set({ maxSliceMb: v })}
          />
          <NumberField
            label="Max episode MB"
            value={choice.maxEpisodeMb}
            min={0.01}
            max={1000}
            step={0.01}
            optional
            onChange={(v) => set({ maxEpisodeMb: v })}
          />
        </>
      )}
      <NumberField
        label="Gutter px"
        value={choice.gutterPx}
        min={0}
        max={2000}
        onChange={(v) => set({ gutterPx: v ?? DEFAULT_STRIP_GUTTER_PX })}
      />
    </fieldset>
  );
}
