/**
 * The OpenAPI description of the public API, assembled at the edge from each service's
 * springdoc output ({@code /v3/api-docs}), with everything that is not public API
 * ({@code /internal/**}, service health and actuator paths) left out, and browsable in
 * Swagger UI.
 */
package com.bowwow.gateway.docs;
