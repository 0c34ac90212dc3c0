import { columnReference, type Reference } from '../../../src/registry/reference.ts';

/** A small training reference: features a (0…4) and b (10…50), predictions 0.1…0.5. */
export function twoFeatureReference(): Reference {
  return {
    referenceSchemaVersion: 1,
    featureVersion: 'f1',
    rows: 5,
    features: [
      columnReference('a', Float64Array.of(0, 1, 2, 3, 4)),
      columnReference('b', Float64Array.of(10, 20, 30, 40, 50)),
    ],
    prediction: columnReference('prediction', Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5)),
  };
}
