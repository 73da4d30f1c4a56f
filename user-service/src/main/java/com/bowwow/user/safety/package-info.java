/**
 * User safety: blocks, reports and suspensions (api-v1.md, "Safety"). PostgreSQL holds
 * the truth; {@link com.bowwow.user.safety.SafetyModel} keeps the Redis read model every
 * service consults ({@link com.bowwow.common.security.SafetyReads}) in step with it,
 * after each commit and before the answer, and rebuilds it when it is lost.
 */
package com.bowwow.user.safety;
