// Compiles the theme and copies the few browser files the public site needs into
// frontend/build/, which Django serves as static files. Run by `make`.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, "frontend", "build");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "css"), { recursive: true });
mkdirSync(join(out, "js"), { recursive: true });

execFileSync(
  join(root, "node_modules", ".bin", "sass"),
  [
    "--pkg-importer=node",
    "--style=compressed",
    "--no-source-map",
    "--quiet-deps",
    join(root, "frontend", "scss", "main.scss"),
    join(out, "css", "main.css"),
  ],
  { stdio: "inherit" },
);

cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "js", "govuk-frontend.min.js"));
cpSync(join(root, "frontend", "js"), join(out, "js"), { recursive: true });
// Our own icon: GOV.UK's favicons carry the crown, which only GOV.UK may use.
cpSync(join(root, "frontend", "images"), join(out, "images"), { recursive: true });
