/** The examples, environment and exit codes that `--help` shows after the commands and options. */
export const examples = `
Examples:
  $ zenodo-stats summarize nfdi4bioimage
      every record of the community → zenodo_nfdi4bioimage_downloads.csv, a summary on stderr
  $ ZENODO_TOKEN=… zenodo-stats summarize nfdi4bioimage --format table --out -
      with a token (pages of 100 instead of 25), as a table on stdout
  $ zenodo-stats summarize my-community --base-url https://data.example.org --raw hits.json
      another InvenioRDM site; keep the raw API answers too
  $ zenodo-stats history nfdi4bioimage --period month
      downloads, views and new records per month, from the snapshots in ./zenodo-stats.sqlite
  $ zenodo-stats import download_statistics/ --as nfdi4bioimage-training
      years of dated weekly CSVs into the store at once
  $ zenodo-stats import download_statistics/ --as nfdi4bioimage-training --base-url https://zenodo.org
      the same, then the titles, types, DOIs, dates, keywords and creators of their records, in batched searches
  $ zenodo-stats summarize --records download_statistics/20260811.csv --as nfdi4bioimage-training
      the records a list names (URLs, DOIs or ids, one a line, or a CSV with a url or id column), continuing that history
  $ zenodo-stats summarize --query 'keywords:"napari"' --as napari
      the records a search finds, kept as the collection napari

Environment:
  ZENODO_TOKEN      personal access token (sent only as "Authorization: Bearer …")
  ZENODO_BASE_URL   site root, default https://zenodo.org
  ZENODO_STATS_DB   snapshot store, default ./zenodo-stats.sqlite
  NO_COLOR          no colour on stderr

Exit codes: 0 ok · 2 usage · 3 not found · 4 API/network failure · 5 invalid data · 6 local file or store failure · 130 interrupted`;
