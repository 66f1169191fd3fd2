// cocolor web page: sends each chosen image to POST /api/colorize, one at a time (the server
// colorizes one image at a time anyway), and shows the result beside its input.
"use strict";

const MAX_RETRIES = 5; // when the server answers 503 (busy), wait Retry-After and try again

const modeSelect = document.getElementById("mode");
const fileInput = document.getElementById("files");
const dropZone = document.getElementById("drop");
const results = document.getElementById("results");
const overall = document.getElementById("overall");
const cardTemplate = document.getElementById("card");

const queue = [];
let working = false;
let done = 0;
let total = 0;

showModel();

fileInput.addEventListener("change", () => {
  enqueue(fileInput.files);
  fileInput.value = ""; // choosing the same file again should work too
});
dropZone.addEventListener("dragover", (e) => { e.preventDefault(); dropZone.classList.add("over"); });
dropZone.addEventListener("dragleave", () => dropZone.classList.remove("over"));
dropZone.addEventListener("drop", (e) => {
  e.preventDefault();
  dropZone.classList.remove("over");
  enqueue(e.dataTransfer.files);
});

async function showModel() {
  const line = document.getElementById("model");
  try {
    const info = await (await fetch("/api/model")).json();
    const modes = Object.keys(info.modes || {});
    for (const option of modeSelect.options) {
      option.disabled = !modes.includes(option.value);
    }
    const parts = [`Model: recipe ${info.recipe || "unknown"}`, `modes ${modes.join(", ")}`];
    const v = info.validation;
    if (v && typeof v.psnr === "number") {
      parts.push(`validation PSNR ${v.psnr.toFixed(2)} dB` + (typeof v.ssim === "number" ? `, SSIM ${v.ssim.toFixed(3)}` : ""));
    }
    line.textContent = parts.join(" · ");
  } catch (e) {
    line.textContent = "Model information unavailable.";
  }
}

function enqueue(files) {
  for (const file of files) {
    queue.push({ file, mode: modeSelect.value, card: newCard(file) });
    total++;
  }
  updateOverall();
  if (!working) {
    work();
  }
}

async function work() {
  working = true;
  while (queue.length > 0) {
    const job = queue.shift();
    await colorize(job);
    done++;
    updateOverall();
  }
  working = false;
}

function updateOverall() {
  overall.textContent = total === 0 ? "" : `${done} of ${total} done`;
}

function newCard(file) {
  const card = cardTemplate.content.firstElementChild.cloneNode(true);
  card.querySelector(".name").textContent = file.name;
  card.querySelector(".name").title = file.name;
  results.prepend(card);
  return card;
}

async function colorize({ file, mode, card }) {
  const status = card.querySelector(".status");
  const busy = card.querySelector(".busy");
  card.dataset.state = "working";
  busy.hidden = false;
  const started = performance.now();
  const clock = setInterval(() => {
    status.textContent = `colorizing… ${((performance.now() - started) / 1000).toFixed(1)} s`;
  }, 100);
  try {
    const png = await post(file, mode, status);
    clearInterval(clock);
    await showResult(card, file, png);
    status.textContent = `done in ${((performance.now() - started) / 1000).toFixed(1)} s`;
    card.dataset.state = "done";
  } catch (e) {
    clearInterval(clock);
    status.textContent = "failed";
    const error = card.querySelector(".error");
    error.textContent = e.message;
    error.hidden = false;
    card.dataset.state = "error";
  } finally {
    busy.hidden = true;
  }
}

/** Posts the raw file; resolves to the PNG blob or rejects with the server's message. */
async function post(file, mode, status) {
  for (let attempt = 0; ; attempt++) {
    let response;
    try {
      response = await fetch(`/api/colorize?mode=${encodeURIComponent(mode)}`, { method: "POST", body: file });
    } catch (e) {
      throw new Error("cannot reach the server");
    }
    if (response.ok) {
      return response.blob();
    }
    if (response.status === 503 && attempt < MAX_RETRIES) {
      const wait = Number(response.headers.get("Retry-After")) || 5;
      status.textContent = `server busy, retrying in ${wait} s…`;
      await new Promise((resolve) => setTimeout(resolve, wait * 1000));
      continue;
    }
    throw new Error(await errorMessage(response));
  }
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    if (body && body.error) {
      return body.error;
    }
  } catch (e) {
    // not JSON: fall through to the status line
  }
  return `the server answered ${response.status} ${response.statusText}`;
}

async function showResult(card, file, png) {
  const compare = card.querySelector(".compare");
  const after = compare.querySelector(".after");
  const before = compare.querySelector(".before");
  const resultUrl = URL.createObjectURL(png);
  await loaded(after, resultUrl);
  // Browsers cannot show every input (TIFF, for one); then only the result is shown.
  try {
    await loaded(before, URL.createObjectURL(file));
  } catch (e) {
    compare.classList.add("no-preview");
  }
  const slider = compare.querySelector(".slider");
  slider.addEventListener("input", () => compare.style.setProperty("--pos", `${slider.value}%`));
  compare.hidden = false;

  const download = card.querySelector(".download");
  download.href = resultUrl;
  download.download = file.name.replace(/\.[^.]*$/, "").replace(/_nir$/i, "") + "_colorized.png";
  download.hidden = false;
}

function loaded(img, url) {
  return new Promise((resolve, reject) => {
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error("cannot display image"));
    img.src = url;
  });
}
