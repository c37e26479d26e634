// The sinc⁴ mixture of the paper's App. D.3 is defined once, in core (`Sinc4MixtureLaw`: density, band-limited
// characteristic function, exact sampling, entropy); the analytic package solves its backward heat equation under
// the name `Sinc4Mixture`.
export { Sinc4MixtureLaw as Sinc4Mixture, sinc, sinc4Transform } from '@ratedistortion/core';
