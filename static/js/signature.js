// The signature pad (templates/cases/steps/_signature.html). Pointer events cover a finger, a
// stylus and the mouse alike. On submit the drawing goes into the hidden input as a PNG data URL;
// the server checks it again. Without JavaScript the pad stays hidden and the upload still works.
(function () {
  for (const pad of document.querySelectorAll("[data-signature]")) {
    const form = pad.closest("form");
    const canvas = pad.querySelector("canvas");
    const input = form.querySelector("[data-signature-input]");
    const context = canvas.getContext("2d");
    let drawing = false;
    let drawnHere = false;  // strokes since the page loaded or was cleared

    function pen() {
      context.lineWidth = 2.5;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#1b1b1b";
    }

    function blank() {
      // White, not transparent: the stored PNG must read on any viewer.
      context.fillStyle = "#fff";
      context.fillRect(0, 0, canvas.width, canvas.height);
    }

    function fit() {
      // The drawing buffer takes the box's size on screen, so strokes land under the finger. Once
      // there is a signature the buffer stays as it is (resizing would erase it); `point` maps
      // the pointer to it whatever the box's size.
      if (drawnHere || input.value) return;
      const box = canvas.getBoundingClientRect();
      canvas.width = Math.round(box.width);
      canvas.height = Math.round(box.height);
      pen();  // resizing the buffer resets the context
      blank();
    }

    function point(event) {
      const box = canvas.getBoundingClientRect();
      return [
        (event.clientX - box.left) * (canvas.width / box.width),
        (event.clientY - box.top) * (canvas.height / box.height),
      ];
    }

    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      drawnHere = true;
      const [x, y] = point(event);
      context.beginPath();
      context.moveTo(x, y);
      context.lineTo(x + 0.1, y + 0.1);  // a tap leaves a dot
      context.stroke();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      const [x, y] = point(event);
      context.lineTo(x, y);
      context.stroke();
    });
    for (const end of ["pointerup", "pointercancel", "lostpointercapture"]) {
      canvas.addEventListener(end, () => { drawing = false; });
    }
    pad.querySelector("[data-signature-clear]").addEventListener("click", () => {
      input.value = "";
      drawnHere = false;
      fit();
    });
    form.addEventListener("submit", () => {
      if (drawnHere) input.value = canvas.toDataURL("image/png");
    });

    // After an error elsewhere in the form the page comes back with the signature in the hidden
    // input: show it, unless the participant has already started signing again.
    if (!input.value.startsWith("data:image/png;base64,")) input.value = "";
    pad.hidden = false;
    fit();
    if (input.value) {
      const image = new Image();
      image.onload = () => {
        if (drawnHere) return;
        canvas.width = image.width;
        canvas.height = image.height;
        context.drawImage(image, 0, 0);
        pen();
      };
      image.src = input.value;
    }
    window.addEventListener("resize", fit);
  }
})();
