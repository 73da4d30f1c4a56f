/**
 * Where things are and how far apart: coordinates, distances with their unit,
 * great-circle geometry and compass directions. Pure values, no I/O.
 */
package com.bowwow.common.geo;
