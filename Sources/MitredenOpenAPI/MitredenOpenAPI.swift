// The types and the server protocol of this module are generated at build time by
// swift-openapi-generator from openapi.yaml, which is the API contract.
