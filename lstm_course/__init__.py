"""lstm_course: the helper package of the lstm-course notebooks.

The recurrent layers in :mod:`lstm_course.layers` are written from their equations with
``keras.ops`` only, and share Keras's constructor arguments and weight layout, so that
``ours.set_weights(keras_layer.get_weights())`` gives the same numbers.
:mod:`lstm_course.probes` opens them up: every gate at every time step.
"""

__version__ = "0.1.0"
