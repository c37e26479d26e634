// The single place the library imports TensorFlow.js from. tfjs-core alone registers no gradients,
// so the gradient registrations are loaded here as a side effect, together with the pure-JS CPU
// backend (always available; the test oracle for every other backend).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

export { tf };
