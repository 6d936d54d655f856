// Polls the upload job and updates its progress; reloads the page once the job has ended,
// so the server can list the new articles and stories.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box) { return; }
  var id = box.getAttribute("data-job");
  var state = box.getAttribute("data-state");
  if (state !== "queued" && state !== "running") { return; }
  var stateEl = document.getElementById("job-state");
  var stageEl = document.getElementById("job-stage");
  var bar = document.getElementById("job-progress");

  function poll() {
    fetch("/api/jobs/" + encodeURIComponent(id), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) {
        if (!job) { setTimeout(poll, 3000); return; }
        stateEl.textContent = job.state;
        stageEl.textContent = job.stage;
        bar.value = job.progress;
        if (job.state === "done" || job.state === "failed") {
          window.location.reload();
        } else {
          setTimeout(poll, 1000);
        }
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
