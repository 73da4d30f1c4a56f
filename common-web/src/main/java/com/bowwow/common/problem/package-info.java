/**
 * The error model: RFC 9457 problem details with a stable machine {@code code}, one
 * advice per servlet service, and the types services throw to reach it.
 */
package com.bowwow.common.problem;
