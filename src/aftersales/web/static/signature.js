// Signature boxes: each <canvas data-signature="field"> fills the hidden input "field" with a
// PNG data URL when the person signs, and restores it when a refused form comes back.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("canvas[data-signature]").forEach((canvas) => {
    const input = document.getElementById(canvas.dataset.signature);
    const pad = new SignaturePad(canvas, { penColor: "#111" });
    const fit = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const kept = input.value;
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      if (kept) pad.fromDataURL(kept);
    };
    pad.addEventListener("endStroke", () => { input.value = pad.toDataURL("image/png"); });
    const clear = document.querySelector(`[data-signature-clear="${canvas.dataset.signature}"]`);
    if (clear) clear.addEventListener("click", () => { pad.clear(); input.value = ""; });
    window.addEventListener("resize", fit);
    fit();
  });
});
