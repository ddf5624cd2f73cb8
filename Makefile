# lstm-course: every set-up step lives here, so a fresh clone needs only `make course` or `make test`.
# `make help` lists the targets: each one's `##` comment is its line there.
PYTHON ?= python3
export TF_CPP_MIN_LOG_LEVEL ?= 2
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# FAST=1 (or true, yes, on) is fast mode; FAST=0, or no FAST at all, is full mode.
FAST_FLAG := $(if $(filter 1 true yes on,$(FAST)),--fast,)
# LANG=ko runs the Korean edition (notebooks/ko/ into build/ko/). LANG is also the shell's locale
# (en_US.UTF-8, C.UTF-8): any value but ko is the English edition, and the Korean run is given a
# real locale back.
EDITION := $(if $(filter ko,$(LANG)),--edition ko,)
LOCALE := $(if $(filter ko,$(LANG)),LANG=C.UTF-8,)
# The edition's course run (build/, build/ko/) and the words that make it, for messages.
RUN_DIR := build$(if $(filter ko,$(LANG)),/ko,)
LANG_ARG := $(if $(filter ko,$(LANG)), LANG=ko,)
LINTED := lstm_course tests benchmarks notebooks book

.PHONY: help course verify results-table workshop timing lab test test-quick test-tf test-keras test-jax test-colab \
	test-classroom test-min test-torch check-notebooks lint format strip chapter release hooks bench bench-data bench-korean clean \
	book book-input book-check test-book
.DEFAULT_GOAL := help

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' \
		$(MAKEFILE_LIST)

# Create the virtual environment and install the course with its test tools.
$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

course: $(STAMP) ## set up, then run every chapter in order into build/ (FAST=1: fast mode; ONLY="01 02"; LANG=ko: 한국어판)
	$(LOCALE) $(PY) -m lstm_course.runner $(FAST_FLAG) $(EDITION) $(if $(ONLY),--only $(ONLY),)

verify: $(STAMP) ## every chapter in full mode, on the seeds each asks for; fails on a claim that does not hold or a missed target (SEEDS="0 1 2" for all)
	$(PY) -m lstm_course.runner --verify $(if $(ONLY),--only $(ONLY),) $(if $(SEEDS),--seeds $(SEEDS),)

results-table: $(STAMP) ## write the README's results table from build/summary.json (of make verify)
	$(PY) -c "from lstm_course.report import update_readme; update_readme('build/summary.json', 'README.md')"

workshop: $(STAMP) ## the workshop kit in build/workshop/: student and instructor editions, slides, TIMING.md, classroom pack (runs the course in fast mode first where build/ holds no run; LANG=ko: 한국어판, build/workshop/ko/)
	@ls $(RUN_DIR)/[0-9][0-9]_*.ipynb >/dev/null 2>&1 || $(LOCALE) $(PY) -m lstm_course.runner --fast --keep-going $(EDITION)
	$(LOCALE) $(PY) -m lstm_course.workshop $(EDITION) $(if $(filter 0,$(PACK)),--no-pack,)

timing: $(STAMP) ## record the section times of the course run in build/ into workshop/timing.json (MODE=fast or full); then each header states its measured core time (LANG=ko: build/ko/, workshop/timing.ko.json)
	$(LOCALE) $(PY) -m lstm_course.timing record $(EDITION) --mode $(or $(MODE),full) --command "make course$(if $(filter fast,$(MODE)), FAST=1,)$(LANG_ARG)"
	$(LOCALE) $(PY) -m lstm_course.timing headers $(EDITION)

# The website: Sphinx, myst-nb, sphinx-book-theme, MathJax and Playwright, on top of the course's venv.
BOOK_STAMP := $(VENV)/.installed-book
BOOK_FROM  ?= build
CHROMIUM   := /usr/bin/chromium

$(BOOK_STAMP): $(STAMP) requirements-book.txt
	$(PY) -m pip install --quiet -r requirements-book.txt
	touch $(BOOK_STAMP)

# Debian's Chromium for the browser check (Playwright drives it; it never downloads a browser).
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

book: book-input $(BOOK_STAMP) ## the course as a website, build/book/index.html, from the executed notebooks of `make course` (BOOK_FROM=build/colab: another run's folder); with build/ko/ (`make course LANG=ko`) the Korean edition too, under ko/
	$(PY) -m lstm_course.book --build-dir $(BOOK_FROM) --out build/book

book-input:
	@test -f $(BOOK_FROM)/summary.json || { echo "make book: no executed notebooks in $(BOOK_FROM)/: run \`make course\` (or \`make course FAST=1\`, a quick run) first"; exit 2; }

book-check: $(BOOK_STAMP) $(CHROMIUM) ## open build/book/ in headless Chromium from 127.0.0.1: every page, its images, math, requests, console; screenshots in build/book-check/
	$(PY) -m lstm_course.book_check --site build/book --shots build/book-check

test-book: $(BOOK_STAMP) $(CHROMIUM) ## the website's own tests, with Sphinx and Chromium installed (a tiny site from fixture notebooks)
	$(PY) -m pytest -q tests/test_book.py tests/test_book_check.py

lab: $(STAMP) ## open the notebooks in JupyterLab
	$(VENV)/bin/jupyter lab notebooks/

test: $(STAMP) lint test-tf test-keras test-jax ## set up, lint, the whole suite on TensorFlow, Keras's own layer tests on ours, the backend tests on JAX (what CI runs)

test-tf: $(STAMP) ## the whole test suite on TensorFlow, every notebook in fast mode
	KERAS_BACKEND=tensorflow $(PY) -m pytest -q

KERAS_SUITE := $(addprefix keras.src.layers.rnn.,lstm_test gru_test simple_rnn_test bidirectional_test)

test-keras: $(STAMP) ## Keras's own tests for LSTM, GRU, SimpleRNN, Bidirectional (from the installed Keras), run on our layers
	KERAS_BACKEND=tensorflow $(PY) -m pytest -q -rs -p tests.keras_suite --pyargs $(KERAS_SUITE)

test-jax: $(STAMP) ## the backend tests (marker `backend`) on JAX
	KERAS_BACKEND=jax $(PY) -m pytest -q -m backend

test-torch: $(STAMP) ## the backend tests on PyTorch too (installs the CPU build of PyTorch)
	$(PY) -m pip install --quiet -r requirements-torch.txt
	KERAS_BACKEND=torch $(PY) -m pytest -q -m backend

test-colab: ## the course on Google Colab's versions (requirements-colab.txt), installed as the setup cell does, every chapter in fast mode
	bash .ci/lanes/colab.sh

test-classroom: ## the classroom pack offline: build it, install it into a fresh venv with pip --no-index, run chapter 01 with no network
	bash .ci/lanes/classroom.sh

test-min: ## every dependency at its lowest allowed version, on Python 3.10: the test suite, chapters in fast mode
	bash .ci/lanes/min.sh

test-quick: $(STAMP) ## everything but the notebook runs and other slow tests, on TensorFlow
	KERAS_BACKEND=tensorflow $(PY) -m pytest -q -m "not slow"

check-notebooks: $(STAMP) ## the static checks of the committed notebooks (seconds)
	$(PY) -m lstm_course.conventions check notebooks/*.ipynb notebooks/ko/*.ipynb
	$(PY) -m lstm_course.editions check

lint: $(STAMP) ## ruff: lint and the format check, package, tests, benchmarks and notebooks
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/ruff format --check $(LINTED)

format: $(STAMP) ## ruff: fix what can be fixed and format everything
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(VENV)/bin/ruff format $(LINTED)

strip: $(STAMP) ## strip outputs, execution counts and timings from the notebooks (nbstripout)
	$(VENV)/bin/nbstripout --keep-id --drop-empty-cells notebooks/*.ipynb notebooks/ko/*.ipynb

chapter: $(STAMP) ## write notebooks/NN_slug.ipynb, a new chapter that passes the checks (NN=11 SLUG=text_generation)
	@test -n "$(NN)" -a -n "$(SLUG)" || { echo "usage: make chapter NN=11 SLUG=text_generation [TITLE='Generating text']"; exit 2; }
	$(PY) -m lstm_course.conventions new $(NN) $(SLUG) $(if $(TITLE),--title "$(TITLE)",)

release: $(STAMP) ## set the version (VERSION=0.2.0), point every Colab badge and setup cell at its tag v0.2.0, write the student editions to workshop/student/ (Korean: workshop/student/ko/)
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=0.2.0"; exit 2; }
	$(PY) -m lstm_course.conventions release $(VERSION)
	$(PY) -m lstm_course.workshop --release $(VERSION)

hooks: $(STAMP) ## install the git pre-commit hook (format, lint, strip, notebook checks)
	$(VENV)/bin/pre-commit install

bench: $(STAMP) ## time our layers against Keras's, in both set-ups (about 6 minutes)
	$(PY) benchmarks/layers_speed.py
	$(PY) benchmarks/layers_speed.py --single-thread

bench-data: $(STAMP) ## size and load time of every data loader and generator
	$(PY) benchmarks/datasets_load.py --markdown

bench-korean: $(STAMP) ## Korean tokens of chapter 04's pairs: words, morphemes (ours, Kiwi's), syllables
	$(PY) benchmarks/korean_tokens.py

clean: ## remove the virtual environment and everything built
	rm -rf $(VENV) build .pytest_cache .ruff_cache
