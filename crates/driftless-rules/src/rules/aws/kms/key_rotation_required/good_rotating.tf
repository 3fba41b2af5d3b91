resource "aws_kms_key" "data" {
  description             = "data key"
  enable_key_rotation     = true
  rotation_period_in_days = 180
}

# Automatic rotation is not supported for these: asymmetric, HMAC, signing, custom key store.
resource "aws_kms_key" "signing" {
  customer_master_key_spec = "ECC_NIST_P256"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "rsa" {
  customer_master_key_spec = "RSA_2048"
  key_usage                = "ENCRYPT_DECRYPT"
}

resource "aws_kms_key" "hmac" {
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}

resource "aws_kms_key" "cloudhsm" {
  custom_key_store_id = "cks-1234567890abcdef0"
}
