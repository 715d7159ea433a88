/**
 * `pulumi-directus review`: the Markdown review of a `pulumi preview --json` output for a pull request.
 * The implementation lives in review/ (review/index.ts describes it); this module keeps its public API.
 */

export {
  formatReview,
  previewJson,
  type Review,
  type ReviewChange,
  type ReviewFinding,
  readPreviewFile,
  reviewPreview,
  reviewPreviewFile,
} from "./review/index";
