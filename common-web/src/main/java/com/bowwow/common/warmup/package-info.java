/**
 * Warming a service's rare, heavy request paths before it reports ready, so that its
 * first users do not pay for class loading and interpreted code.
 */
package com.bowwow.common.warmup;
