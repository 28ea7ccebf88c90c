/**
 * A chart's SVG as a PNG image, for sites and tools that take only bitmaps (newsletters, slides).
 * resvg renders it (a well-kept Rust renderer with prebuilt binaries, no browser needed) with the
 * machine's fonts; the text alternative travels in the embed code, as a PNG cannot carry one.
 */
import { Resvg } from '@resvg/resvg-js'

/** Twice the chart's own width, so the image stays sharp on high-density screens. */
const SCALE = 2

export function svgToPng(svg: string): Buffer {
  const width = Number(/viewBox="[\d.-]+ [\d.-]+ ([\d.]+) [\d.]+"/.exec(svg)?.[1] ?? 640)
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * SCALE) },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'Arial' },
  })
  return resvg.render().asPng()
}
