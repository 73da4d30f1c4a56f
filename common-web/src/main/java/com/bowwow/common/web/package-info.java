/**
 * Servlet web conventions every service shares: request IDs, the request body limit, the
 * error page, and the auto-configuration that installs them.
 */
package com.bowwow.common.web;
