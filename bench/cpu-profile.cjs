// CPU profile of every Node process of a Pulumi operation, the dynamic-provider process included:
//   NODE_OPTIONS="--require $PWD/bench/cpu-profile.cjs" CPU_PROFILE_DIR=/some/dir pulumi preview
// `node --cpu-prof` writes nothing for the provider process, which the engine ends with a signal; this
// preload starts the inspector's profiler itself and writes <script>-<pid>.cpuprofile on exit, SIGINT
// or SIGTERM. Open the files in Chrome DevTools (Performance) or any .cpuprofile viewer.
const inspector = require("node:inspector");
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.CPU_PROFILE_DIR;
if (dir) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      const name = `${path.basename(process.argv[1] ?? "eval")}-${process.pid}.cpuprofile`;
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, name), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      write();
      process.exit(0);
    });
  }
}
