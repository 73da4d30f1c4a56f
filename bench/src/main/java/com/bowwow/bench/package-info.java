/**
 * Speed measurements run by hand, never timed inside the test suite. Each class has a
 * {@code main} and documents its one command.
 */
package com.bowwow.bench;
