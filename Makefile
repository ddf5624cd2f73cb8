# lstm-course: every set-up step lives here, so a fresh clone needs only `make course` or `make test`.
PYTHON ?= python3
export TF_CPP_MIN_LOG_LEVEL ?= 2
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: course lab test test-quick test-tf test-jax test-torch check-notebooks lint bench bench-data clean

# Create the virtual environment and install the course with its test tools.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

## course: set up, then run the course (every notebook, in order).
course: $(STAMP)
	$(PY) -m lstm_course.runner $(if $(FAST),--fast,) $(if $(ONLY),--only $(ONLY),)

## lab: open the notebooks in JupyterLab.
lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

## test: set up, lint, then run the whole test suite on TensorFlow and the parity tests on JAX.
test: $(STAMP) lint test-tf test-jax

test-tf: $(STAMP)
	KERAS_BACKEND=tensorflow $(PY) -m pytest -q

test-jax: $(STAMP)
	KERAS_BACKEND=jax $(PY) -m pytest -q \
		tests/test_parity.py tests/test_probes.py tests/test_serialization.py tests/test_errors.py \
		tests/test_gradients.py

## test-torch: the same backend tests on PyTorch (optional: not part of `make test`).
test-torch: $(STAMP)
	$(PY) -m pip install --quiet -r requirements-torch.txt
	KERAS_BACKEND=torch $(PY) -m pytest -q \
		tests/test_parity.py tests/test_probes.py tests/test_serialization.py tests/test_errors.py \
		tests/test_gradients.py

## test-quick: everything but the notebook runs, on TensorFlow.
test-quick: $(STAMP)
	KERAS_BACKEND=tensorflow $(PY) -m pytest -q -m "not slow"

## check-notebooks: the static checks of the committed notebooks (seconds).
check-notebooks: $(STAMP)
	$(PY) -m pytest -q tests/test_notebooks.py -m "not slow"

lint: $(STAMP)
	$(VENV)/bin/ruff check lstm_course tests benchmarks

## bench: time our layers against Keras's own.
bench: $(STAMP)
	$(PY) benchmarks/layers_speed.py

## bench-data: size and load time of every data loader and generator.
bench-data: $(STAMP)
	$(PY) benchmarks/datasets_load.py --markdown

clean:
	rm -rf $(VENV) build .pytest_cache .ruff_cache
