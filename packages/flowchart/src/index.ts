export { renderFlowchartSvg, DEFAULT_SETTING_LABELS, type FlowchartOptions } from './render.js';
export { escapeXml, estimateTextWidth, wrapText } from './text.js';
