module "raw" {
  source        = "./modules/store"
  name          = "acme-raw"
  sse_algorithm = "SSE-S3"
}

module "curated" {
  source = "./modules/store"
  name   = "acme-curated"
}
