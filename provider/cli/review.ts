/**
 * `pulumi-directus review`: the Markdown (or HTML) review of a `pulumi preview --json` output for a pull
 * request.
 * The implementation lives in review/ (review/index.ts describes it); this module keeps its public API.
 */

export {
  formatReview,
  formatReviewHtml,
  previewJson,
  type Review,
  type ReviewChange,
  type ReviewFinding,
  type ReviewMatrix,
  readPreviewFile,
  reviewHtml,
  reviewMatrix,
  reviewPreview,
  reviewPreviewFile,
} from "./review/index";
