import { blahutArimotoGrid1d, symmetricToeplitzMatVec, GaussianMixture } from '@ratedistortion/analytic';
const g = GaussianMixture.fromSpec({ kind: 'gmm', weights: [1 / 3, 1 / 3, 1 / 3], means: [-0.4, 0, 0.4], variances: [0.04, 0.05, 0.06] });
const n=1000; const k=new Float64Array(n).map((_,m)=>Math.exp(-50*0.5*(m*0.004)**2)); const v=new Float64Array(n).fill(1e-3), o=new Float64Array(n);
for (let rep=0;rep<3;rep++){
let t0=performance.now(); for(let r=0;r<600;r++) symmetricToeplitzMatVec(k,v,o); const mv=(performance.now()-t0)/600;
t0=performance.now(); const res=blahutArimotoGrid1d({ density: (x) => g.density([x])[0], xMin: -2, xMax: 2, points: n }, 0.02, {acceleration:'none', tol:1e-300, maxIterations:300}); const it=(performance.now()-t0)/300;
console.log('matvec ms', mv.toFixed(3), 'iteration ms', it.toFixed(3), 'ratio', (it/mv).toFixed(2));
}
