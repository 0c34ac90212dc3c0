import type { SplitCriterion } from '../tree/criterion.ts';

/**
 * Newton-step split scoring on (G, H) sums. The leaf weight is w* = −G/(H + λ), shrunk by the
 * learning rate; the node score is G²/(H + λ).
 */
export class SecondOrderCriterion implements SplitCriterion {
  constructor(
    private readonly lambda: number,
    private readonly gamma: number,
    private readonly minChildWeight: number,
    private readonly learningRate: number,
  ) {}

  score(G: number, H: number): number {
    return (G * G) / (H + this.lambda);
  }

  /** gain = ½[G_L²/(H_L+λ) + G_R²/(H_R+λ) − (G_L+G_R)²/(H_L+H_R+λ)] − γ, XGBoost paper (Chen & Guestrin 2016) eq. 7. */
  splitGain(scoreDelta: number): number {
    return 0.5 * scoreDelta - this.gamma;
  }

  childrenAllowed(_leftG: number, leftH: number, _rightG: number, rightH: number): boolean {
    return leftH >= this.minChildWeight && rightH >= this.minChildWeight;
  }

  nodeValue(G: number, H: number): number {
    return (-G / (H + this.lambda)) * this.learningRate;
  }

  cover(_G: number, H: number): number {
    return H;
  }
}
