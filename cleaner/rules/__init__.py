"""Rules as data: loading and validating the TOML files (`load`, `schema`), the regex safety checks
(`saferegex`) and the remove/keep examples every rule carries (`examples`)."""
