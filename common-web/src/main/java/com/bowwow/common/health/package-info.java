/**
 * The public {@code /health} endpoint of every servlet service and the checks behind it.
 */
package com.bowwow.common.health;
