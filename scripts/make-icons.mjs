// Renders build/icon.svg into every icon file electron-builder needs, and writes them next to it:
//   build/icons/<size>x<size>.png (Linux), build/icon.png (1024 px), build/icon.icns (macOS), build/icon.ico (Windows).
// Run after changing the SVG: `node scripts/make-icons.mjs`. The outputs are committed so packaging needs no tools.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const at = (path) => new URL(`../build/${path}`, import.meta.url);

function renderPng(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' })
    .render()
    .asPng();
}

const svg = readFileSync(at('icon.svg'));
mkdirSync(at('icons'), { recursive: true });
for (const size of LINUX_SIZES) writeFileSync(at(`icons/${size}x${size}.png`), renderPng(svg, size));

const master = renderPng(svg, 1024);
writeFileSync(at('icon.png'), master);
// ICNS: png2icons scales the 1024 px master down to every size macOS wants (16 … 1024, @2x included).
const icns = png2icons.createICNS(master, png2icons.BICUBIC, 0);
// ICO: PNG-compressed entries up to 256 px, as Windows Vista+ reads them; forWinExe for the installer's resources.
const ico = png2icons.createICO(master, png2icons.BICUBIC, 0, true, true);
if (!icns || !ico) throw new Error('png2icons could not convert build/icon.png');
writeFileSync(at('icon.icns'), icns);
writeFileSync(at('icon.ico'), ico);
console.log(`icons written to build/ (${LINUX_SIZES.length} PNG sizes, icon.png, icon.icns, icon.ico)`);
