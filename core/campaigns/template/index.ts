export { STANDARD_FIELDS, fieldValue, isStandardField, normalizeFieldKey } from './template-fields.js';
export type { StandardField, TemplateContact } from './template-fields.js';
export { parseTemplate } from './template.parser.js';
export type { ParseOptions, ParseResult } from './template.parser.js';
export { renderTemplate, variationSeed } from './template.renderer.js';
export { maxRenderedLength, usedFields } from './template.analysis.js';
export type { UsedField } from './template.analysis.js';
export { validateTemplate } from './template.validator.js';
export type { AudienceEmptyCounts, TemplateValidation, ValidateOptions } from './template.validator.js';
export { MESSAGE_LENGTH_LIMITS, TemplateInvalidError } from './template.types.js';
export type {
  SourcePosition,
  Template,
  TemplateIssue,
  TemplateIssueCode,
  TemplateNode,
  TemplatePlatform,
  TextNode,
  VariableNode,
  VariationNode,
} from './template.types.js';
