// A variable made from a freshly built initial tensor, which it then owns alone. Not part of the public API.
import { tf } from '../backend/tf.js';

/** A variable shares its initial tensor's data (by reference count), so the initial tensor is released here. */
export function ownedVariable(initial: tf.Tensor, trainable = true): tf.Variable {
  const v = tf.variable(initial, trainable);
  initial.dispose();
  return v;
}
