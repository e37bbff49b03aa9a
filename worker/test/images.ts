import sharp from "sharp";

/** Pictures with known properties for the analysis tests. */

export function svg(width: number, height: number, body: string, background = "#ffffff"): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>${body}</svg>`;
}

export async function png(source: string): Promise<Buffer> {
  return sharp(Buffer.from(source)).png().toBuffer();
}

/** Flat blocks of colour side by side, each as wide as its share. */
export async function colourBlocks(
  colours: { hex: string; share: number }[],
  width = 400,
  height = 200,
): Promise<Buffer> {
  let x = 0;
  const rects = colours.map(({ hex, share }) => {
    const w = Math.round(share * width);
    const rect = `<rect x="${x}" y="0" width="${w}" height="${height}" fill="${hex}" shape-rendering="crispEdges"/>`;
    x += w;
    return rect;
  });
  return png(svg(width, height, rects.join("")));
}

/**
 * Black strokes of one width on a light background: horizontal, vertical, diagonal and curved,
 * so the measurement sees every orientation.
 */
export async function strokes(
  widthPx: number,
  options: { background?: string; size?: [number, number] } = {},
): Promise<Buffer> {
  const [w, h] = options.size ?? [768, 512];
  const lines = [
    `M40 60 L${w - 40} 60`,
    `M40 ${h - 60} L${w - 40} ${h - 60}`,
    `M60 40 L60 ${h - 40}`,
    `M${w - 60} 40 L${w - 60} ${h - 40}`,
    `M140 120 L${w - 300} ${h - 120}`,
    `M${w - 140} 120 L300 ${h - 120}`,
    `M200 ${h / 2} Q${w / 2} 80 ${w - 200} ${h / 2}`,
  ];
  const body = lines
    .map(
      (d) => `<path d="${d}" fill="none" stroke="#111111" stroke-width="${widthPx}" stroke-linecap="butt"/>`,
    )
    .join("");
  return png(svg(w, h, body, options.background ?? "#f4efe6"));
}

/** Vertical bands at the given lumas (grey or tinted), separated by 3 px ink lines. */
export async function toneBands(
  lumas: number[],
  options: { tint?: boolean; width?: number; height?: number } = {},
): Promise<Buffer> {
  const width = options.width ?? 600;
  const height = options.height ?? 400;
  const band = width / lumas.length;
  const rects = lumas.map((y, i) => {
    // A tint keeps the luma: shift R up and B down so that 0.2126 dR + 0.0722 dB = 0.
    const dr = options.tint ? 30 : 0;
    const db = options.tint ? Math.round((-0.2126 * dr) / 0.0722) : 0;
    const r = Math.max(0, Math.min(255, y + dr));
    const b = Math.max(0, Math.min(255, y + db));
    const hex = `#${[r, y, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
    return `<rect x="${i * band}" y="0" width="${band}" height="${height}" fill="${hex}" shape-rendering="crispEdges"/>`;
  });
  const inks = lumas
    .slice(1)
    .map(
      (_, i) =>
        `<path d="M${(i + 1) * band} 0 L${(i + 1) * band} ${height}" stroke="#101010" stroke-width="3"/>`,
    )
    .join("");
  const frame = `<rect x="20" y="20" width="${width - 40}" height="${height - 40}" fill="none" stroke="#101010" stroke-width="3"/>`;
  return png(svg(width, height, rects.join("") + inks + frame));
}

/** A smooth left-to-right luma ramp: soft shading, no distinct levels. */
export async function ramp(width = 600, height = 400): Promise<Buffer> {
  return png(
    svg(
      width,
      height,
      `<defs><linearGradient id="g"><stop offset="0" stop-color="#202020"/><stop offset="1" stop-color="#f0f0f0"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>`,
    ),
  );
}

/** `count` short strokes scattered over a light page (more strokes, more detail). */
export async function scatter(count: number, width = 768, height = 512): Promise<Buffer> {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const body: string[] = [];
  for (let i = 0; i < count; i++) {
    const x = next() * (width - 40) + 20;
    const y = next() * (height - 40) + 20;
    body.push(
      `<path d="M${x} ${y} l${12 + next() * 20} ${next() * 20 - 10}" stroke="#151515" stroke-width="3" fill="none"/>`,
    );
  }
  return png(svg(width, height, body.join(""), "#f2f2f2"));
}
