#ifndef DVTOOL_COPENSSL_SHIM_H
#define DVTOOL_COPENSSL_SHIM_H
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>

/* ---- DVTLS helpers (dvtool_ prefix): OpenSSL macros Swift cannot import ---- */
#include <openssl/pkcs12.h>
#include <openssl/x509_vfy.h>
static inline long dvtool_SSL_set_tlsext_host_name(SSL *ssl, const char *name) { return SSL_set_tlsext_host_name(ssl, name); }
static inline int dvtool_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) { return (int)SSL_CTX_set_min_proto_version(ctx, version); }
static inline int dvtool_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) { return (int)SSL_CTX_set_max_proto_version(ctx, version); }
static inline void dvtool_SSL_CTX_ignore_unexpected_eof(SSL_CTX *ctx) { SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF); }
static inline void dvtool_OPENSSL_free(void *pointer) { OPENSSL_free(pointer); }
static inline long dvtool_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
static inline int dvtool_sk_X509_num(const STACK_OF(X509) *stack) { return sk_X509_num(stack); }
static inline X509 *dvtool_sk_X509_value(const STACK_OF(X509) *stack, int index) { return sk_X509_value(stack, index); }
static inline STACK_OF(X509) *dvtool_sk_X509_new_null(void) { return sk_X509_new_null(); }
static inline int dvtool_sk_X509_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }
static inline void dvtool_sk_X509_pop_free(STACK_OF(X509) *stack) { sk_X509_pop_free(stack, X509_free); }
static inline void dvtool_sk_X509_free(STACK_OF(X509) *stack) { sk_X509_free(stack); }
static inline int dvtool_sk_GENERAL_NAME_num(const GENERAL_NAMES *names) { return sk_GENERAL_NAME_num(names); }
static inline GENERAL_NAME *dvtool_sk_GENERAL_NAME_value(const GENERAL_NAMES *names, int index) { return sk_GENERAL_NAME_value(names, index); }
static inline unsigned long dvtool_XN_FLAG_RFC2253(void) { return XN_FLAG_RFC2253; }
static inline unsigned long dvtool_XN_FLAG_ONELINE(void) { return XN_FLAG_ONELINE; }

/* DVCrypto (token/crypto engineer): macros and stack helpers Swift cannot import. */
/* The subjectAltName extension of a CSR, or NULL: free with GENERAL_NAMES_free. */
static inline GENERAL_NAMES *dvtool_crypto_csr_subject_alt_names(X509_REQ *request) {
    STACK_OF(X509_EXTENSION) *extensions = X509_REQ_get_extensions(request);
    if (extensions == NULL) return NULL;
    GENERAL_NAMES *names = X509V3_get_d2i(extensions, NID_subject_alt_name, NULL, NULL);
    sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
    return names;
}
/* The i-th name as a dNSName's bytes, or NULL when it is another kind of name (borrowed from `names`). */
static inline const ASN1_IA5STRING *dvtool_crypto_general_name_dns(const GENERAL_NAMES *names, int i) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, i);
    return (name != NULL && name->type == GEN_DNS) ? name->d.dNSName : NULL;
}
/* DVTLS: providers (legacy PKCS#12 algorithms), PKCS#7 detection. */
#include <openssl/provider.h>
#include <openssl/pkcs7.h>
/* DVTLS: PKCS#7 bundles and PKCS#12 safe bags (stack macros and struct fields Swift cannot reach). */
static inline int dvtool_sk_PKCS7_num(const STACK_OF(PKCS7) *stack) { return sk_PKCS7_num(stack); }
static inline PKCS7 *dvtool_sk_PKCS7_value(const STACK_OF(PKCS7) *stack, int index) { return sk_PKCS7_value(stack, index); }
static inline void dvtool_sk_PKCS7_pop_free(STACK_OF(PKCS7) *stack) { sk_PKCS7_pop_free(stack, PKCS7_free); }
static inline int dvtool_PKCS7_type(const PKCS7 *p7) { return OBJ_obj2nid(p7->type); }
/* The certificates of a signedData (or signedAndEnvelopedData) PKCS#7, borrowed; NULL for other types. */
static inline STACK_OF(X509) *dvtool_PKCS7_certificates(PKCS7 *p7) {
    int type = OBJ_obj2nid(p7->type);
    if (type == NID_pkcs7_signed && p7->d.sign != NULL) return p7->d.sign->cert;
    if (type == NID_pkcs7_signedAndEnveloped && p7->d.signed_and_enveloped != NULL) return p7->d.signed_and_enveloped->cert;
    return NULL;
}
static inline int dvtool_sk_PKCS12_SAFEBAG_num(const STACK_OF(PKCS12_SAFEBAG) *stack) { return sk_PKCS12_SAFEBAG_num(stack); }
static inline PKCS12_SAFEBAG *dvtool_sk_PKCS12_SAFEBAG_value(const STACK_OF(PKCS12_SAFEBAG) *stack, int index) { return sk_PKCS12_SAFEBAG_value(stack, index); }
static inline void dvtool_sk_PKCS12_SAFEBAG_pop_free(STACK_OF(PKCS12_SAFEBAG) *stack) { sk_PKCS12_SAFEBAG_pop_free(stack, PKCS12_SAFEBAG_free); }
/* Authority Information Access: the i-th entry's URI when it is a caIssuers URI, else NULL (borrowed). */
static inline int dvtool_sk_ACCESS_DESCRIPTION_num(const AUTHORITY_INFO_ACCESS *access) { return sk_ACCESS_DESCRIPTION_num(access); }
static inline const ASN1_IA5STRING *dvtool_AIA_ca_issuers_uri(const AUTHORITY_INFO_ACCESS *access, int index) {
    const ACCESS_DESCRIPTION *description = sk_ACCESS_DESCRIPTION_value(access, index);
    if (description == NULL || OBJ_obj2nid(description->method) != NID_ad_ca_issuers || description->location->type != GEN_URI) return NULL;
    return description->location->d.uniformResourceIdentifier;
}
#endif
