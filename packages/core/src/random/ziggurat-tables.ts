// Internal to the random concept (not re-exported): tables of the normal ziggurat used by Random.normal().
// Ziggurat tables for f(x) = exp(−x²/2) on x ≥ 0 with 256 layers of area V each: x₁ = R, x_{i+1} =
// f⁻¹(V/x_i + f(x_i)), x₂₅₆ = 0; layer 0 is the base strip [0, R]×[0, f(R)] plus the tail beyond R, drawn as a
// rectangle of width x₀ = V/f(R). R is Marsaglia & Tsang's value for 256 layers; V = R f(R) + ∫_R^∞ f is
// evaluated from it in double precision (scipy/mpmath agree to the last digit). With these constants the top
// layer's area x₂₅₅(1 − f(x₂₅₅)) equals V to 1.4e-13 relative (tested), the only approximation of the method.
export const ZIGGURAT_R = 3.6541528853610088;
export const ZIGGURAT_V = 4.928673233974658e-3;
/** Layer edges x_i, i = 0..256. */
export const ZIGGURAT_X = new Float64Array(257);
/** f(x_i) = exp(−x_i²/2), i = 0..256. */
export const ZIGGURAT_F = new Float64Array(257);
{
  const f = (x: number): number => Math.exp(-0.5 * x * x);
  ZIGGURAT_X[0] = ZIGGURAT_V / f(ZIGGURAT_R);
  ZIGGURAT_X[1] = ZIGGURAT_R;
  for (let i = 1; i < 255; i++)
    ZIGGURAT_X[i + 1] = Math.sqrt(-2 * Math.log(ZIGGURAT_V / ZIGGURAT_X[i] + f(ZIGGURAT_X[i])));
  ZIGGURAT_X[256] = 0;
  for (let i = 0; i <= 256; i++) ZIGGURAT_F[i] = f(ZIGGURAT_X[i]);
  ZIGGURAT_F[0] = f(ZIGGURAT_R); // the base strip's height
}
