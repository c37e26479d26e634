// Gaussian and Gaussian-mixture specs are validated into eigen-form components in core (`gaussianComponents`,
// shared with the law that datasets samples); the analytic package re-exports them under their usual names.
export { gaussianComponents, type GaussianComponent } from '@ratedistortion/core';
