package com.bowwow.location.stream;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

import com.bowwow.common.geo.Coordinates;
import com.bowwow.common.geo.GreatCircle;
import com.bowwow.common.id.UserId;
import com.bowwow.location.stream.StreamConnection.Subscription;

import org.springframework.stereotype.Component;

/**
 * Who on this instance may care about a move, without scanning every connection: each
 * subscription circle is registered on the tiles its bounding box covers, at the finest
 * of {@value #LEVELS} tile sizes ({@value #TILE_DEGREES}° divided by 1, 4, 16, 64) on
 * which it spans at most {@value #MAX_FINE_TILES} tiles, so a move is matched only
 * against circles whose box is near it (a 0.25-mile circle against circles within about a
 * kilometre, not every circle of the town). For each user it also holds the connections
 * currently showing them (they must hear when the user leaves).
 *
 * <p>
 * It also counts the circles per area (a group of
 * {@value #AREA_TILES}×{@value #AREA_TILES} coarsest tiles, one Redis channel each) and
 * tells the {@link AreaWatcher} when this instance starts or stops needing an area's
 * moves; a circle that goes global needs them all.
 */
@Component
class StreamViews {

	/** The coarsest tile's side. */
	static final double TILE_DEGREES = 0.25;

	/** Tile sizes: level {@code k} has sides of {@code TILE_DEGREES / 4^k}. */
	static final int LEVELS = 4;

	/** A circle goes to the finest level on which it spans at most this many tiles. */
	static final int MAX_FINE_TILES = 16;

	/**
	 * A circle spanning more coarsest tiles (polar regions, the antimeridian) goes
	 * global.
	 */
	private static final int MAX_TILES = 64;

	private static final long GLOBAL = Long.MIN_VALUE;

	/** Tiles per area side: areas of 1° (the unit of Redis move channels). */
	static final int AREA_TILES = 4;

	private final Map<Long, Integer> areaCircles = new java.util.HashMap<>();

	private volatile AreaWatcher watcher = AreaWatcher.NONE;

	private final Map<Long, Set<StreamConnection>> byTile = new ConcurrentHashMap<>();

	private final Map<StreamConnection, Tiles> tilesOf = new ConcurrentHashMap<>();

	private final Map<UserId, Set<StreamConnection>> viewers = new ConcurrentHashMap<>();

	/** Registers the connection's circle (or none) in place of its previous one. */
	void placed(StreamConnection connection, Subscription subscription) {
		Tiles tiles = (subscription == null || subscription.center() == null) ? Tiles.NONE
				: tiles(subscription.center(), subscription.radiusMeters());
		Tiles previous = (tiles == Tiles.NONE) ? this.tilesOf.remove(connection) : this.tilesOf.put(connection, tiles);
		if (previous == null) {
			previous = Tiles.NONE;
		}
		if (previous.equals(tiles)) {
			return;
		}
		countAreas(previous, tiles);
		previous.forEach((tile) -> {
			if (!tiles.contains(tile)) {
				this.byTile.computeIfPresent(tile, (key, set) -> {
					set.remove(connection);
					return set.isEmpty() ? null : set;
				});
			}
		});
		tiles.forEach(
				(tile) -> this.byTile.computeIfAbsent(tile, (key) -> ConcurrentHashMap.newKeySet()).add(connection));
	}

	/**
	 * The tiles of one circle: a rectangle of rows and columns on one level (or every
	 * area), kept as its corners rather than a list of boxed tiles, ~300 bytes less per
	 * stream.
	 */
	private record Tiles(int level, int firstRow, int lastRow, int firstColumn, int lastColumn) {

		static final Tiles NONE = new Tiles(0, 0, -1, 0, -1);

		/** Every area: the one {@code GLOBAL} tile. */
		static final Tiles EVERYWHERE = new Tiles(-1, 0, 0, 0, 0);

		void forEach(LongConsumer action) {
			if (this.level < 0) {
				action.accept(GLOBAL);
				return;
			}
			for (int row = this.firstRow; row <= this.lastRow; row++) {
				for (int column = this.firstColumn; column <= this.lastColumn; column++) {
					action.accept(tile(this.level, row, column));
				}
			}
		}

		boolean contains(long tile) {
			if (this.level < 0 || tile == GLOBAL) {
				return this.level < 0 && tile == GLOBAL;
			}
			return (int) (tile >>> LEVEL_SHIFT) == this.level && row(tile) >= this.firstRow && row(tile) <= this.lastRow
					&& column(tile) >= this.firstColumn && column(tile) <= this.lastColumn;
		}

	}

	/** Receives the areas this instance needs (see {@link #watchAreas}). */
	interface AreaWatcher {

		AreaWatcher NONE = new AreaWatcher() {
			@Override
			public void needed(long area) {
			}

			@Override
			public void unneeded(long area) {
			}
		};

		/**
		 * The instance now holds a circle in the area ({@link #ALL_AREAS}: everywhere).
		 */
		void needed(long area);

		void unneeded(long area);

	}

	/** Stands for "every area" (a circle too wide for tiles). */
	static final long ALL_AREAS = GLOBAL;

	/**
	 * Sets who hears of area changes, first telling it the areas already needed.
	 */
	void watchAreas(AreaWatcher watcher) {
		synchronized (this.areaCircles) {
			this.watcher = watcher;
			this.areaCircles.keySet().forEach(watcher::needed);
		}
	}

	/** The area of the tile a point lies in ({@link #ALL_AREAS} is never returned). */
	static long areaOf(Coordinates point) {
		return area(tile(0, tileRow(point.latitude(), 0), tileColumn(point.longitude(), 0)));
	}

	/** Areas as {@code row:column} of 1° squares, for channel names. */
	static String areaName(long area) {
		return (area >> 32) + ":" + (int) area;
	}

	private static long area(long tile) {
		if (tile == GLOBAL) {
			return ALL_AREAS;
		}
		int level = (int) (tile >>> LEVEL_SHIFT);
		int perArea = AREA_TILES << (2 * level);
		// row << 32 | column of the 1° square: channel names other versions share
		return ((long) Math.floorDiv(row(tile), perArea) << 32) | Math.floorDiv(column(tile), perArea);
	}

	private void countAreas(Tiles previousTiles, Tiles tiles) {
		Set<Long> before = new HashSet<>();
		previousTiles.forEach((tile) -> before.add(area(tile)));
		Set<Long> after = new HashSet<>();
		tiles.forEach((tile) -> after.add(area(tile)));
		synchronized (this.areaCircles) {
			for (Long area : after) {
				if (!before.contains(area) && this.areaCircles.merge(area, 1, Integer::sum) == 1) {
					this.watcher.needed(area);
				}
			}
			for (Long area : before) {
				if (!after.contains(area)) {
					Integer left = this.areaCircles.computeIfPresent(area,
							(key, count) -> (count > 1) ? count - 1 : null);
					if (left == null) {
						this.watcher.unneeded(area);
					}
				}
			}
		}
	}

	/** Connections whose circle may contain the point (callers check the distance). */
	Set<StreamConnection> circlesNear(Coordinates point) {
		Set<StreamConnection> found = new HashSet<>();
		for (int level = 0; level < LEVELS; level++) {
			Set<StreamConnection> here = this.byTile
				.get(tile(level, tileRow(point.latitude(), level), tileColumn(point.longitude(), level)));
			if (here != null) {
				found.addAll(here);
			}
		}
		Set<StreamConnection> global = this.byTile.get(GLOBAL);
		if (global != null) {
			found.addAll(global);
		}
		return found;
	}

	/**
	 * Who must hear of a move to {@code cell}: the connections (other than the mover's)
	 * whose circle holds it, and those showing the mover (they must hear that the mover
	 * left). Only these go to the safety check, so a move costs in proportion to who sees
	 * it, not to who subscribed nearby.
	 */
	Set<StreamConnection> concernedBy(Coordinates cell, UserId mover) {
		Set<StreamConnection> concerned = circlesNear(cell);
		concerned.removeIf((connection) -> !holds(connection.subscription(), cell));
		concerned.addAll(viewersOf(mover));
		concerned.removeIf((connection) -> connection.userId().equals(mover));
		return concerned;
	}

	static boolean holds(Subscription subscription, Coordinates cell) {
		return subscription != null && subscription.contains(cell);
	}

	void showing(StreamConnection connection, UserId other) {
		this.viewers.computeIfAbsent(other, (key) -> ConcurrentHashMap.newKeySet()).add(connection);
	}

	void notShowing(StreamConnection connection, UserId other) {
		this.viewers.computeIfPresent(other, (key, set) -> {
			set.remove(connection);
			return set.isEmpty() ? null : set;
		});
	}

	/** The connections currently showing the user (a copy). */
	Set<StreamConnection> viewersOf(UserId other) {
		Set<StreamConnection> found = this.viewers.get(other);
		return (found != null) ? Set.copyOf(found) : Set.of();
	}

	/** Users shown on at least one connection of this instance. */
	Collection<UserId> shownUsers() {
		return List.copyOf(this.viewers.keySet());
	}

	/**
	 * Drops a closed connection from both indexes for good (callers check
	 * {@link StreamConnection#isRetired()} under its monitor before indexing it).
	 */
	void forget(StreamConnection connection) {
		synchronized (connection) {
			connection.retire();
			placed(connection, null);
			connection.shown().keySet().forEach((other) -> notShowing(connection, other));
			connection.shown().clear();
		}
	}

	private static Tiles tiles(Coordinates center, double radiusMeters) {
		double latitudeSpan = Math.toDegrees(radiusMeters / GreatCircle.EARTH_RADIUS_METERS);
		double south = center.latitude() - latitudeSpan;
		double north = center.latitude() + latitudeSpan;
		double widest = Math.max(Math.abs(south), Math.abs(north));
		if (widest >= 85) {
			return Tiles.EVERYWHERE;
		}
		double longitudeSpan = latitudeSpan / Math.cos(Math.toRadians(widest));
		double west = center.longitude() - longitudeSpan;
		double east = center.longitude() + longitudeSpan;
		if (west < -180 || east > 180) {
			return Tiles.EVERYWHERE;
		}
		for (int level = LEVELS - 1; level >= 0; level--) {
			int firstRow = tileRow(south, level);
			int lastRow = tileRow(north, level);
			int firstColumn = tileColumn(west, level);
			int lastColumn = tileColumn(east, level);
			long count = (long) (lastRow - firstRow + 1) * (lastColumn - firstColumn + 1);
			if (count <= ((level == 0) ? MAX_TILES : MAX_FINE_TILES)) {
				return new Tiles(level, firstRow, lastRow, firstColumn, lastColumn);
			}
		}
		return Tiles.EVERYWHERE;
	}

	private static int tileRow(double latitude, int level) {
		return (int) Math.floor((latitude + 90) / TILE_DEGREES * (1 << (2 * level)));
	}

	private static int tileColumn(double longitude, int level) {
		return (int) Math.floor((longitude + 180) / TILE_DEGREES * (1 << (2 * level)));
	}

	// level in bits 60-62, row in 30-59, column in 0-29 (the finest level has 46,080 rows
	// and 92,160 columns); GLOBAL alone has bit 63
	private static final int LEVEL_SHIFT = 60;

	private static final long FIELD = (1L << 30) - 1;

	private static long tile(int level, int row, int column) {
		return ((long) level << LEVEL_SHIFT) | ((row & FIELD) << 30) | (column & FIELD);
	}

	private static int row(long tile) {
		return (int) ((tile >>> 30) & FIELD);
	}

	private static int column(long tile) {
		return (int) (tile & FIELD);
	}

}
