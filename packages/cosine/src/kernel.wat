;; @spotrec/cosine: the WebAssembly SIMD128 screening kernel (plain SIMD128, f32x4; no
;; relaxed SIMD). Assembled with wabt by scripts/build-wasm.mjs into kernel-wasm.generated.ts
;; (base64), which the package ships inside its bundle.
;;
;; The kernel does not rank: it screens. For each row it computes float32 dot products with
;; one query (scan1) or a tile of four queries (scan4), compares them with a per-query
;; threshold and writes the rows that reach it to an output buffer. The caller (scan.ts)
;; rescores those few rows exactly, in float64, and keeps the top k in a heap; it sets each
;; threshold to the query's current k-th best score minus a bound on the float32 rounding
;; error, so no row that belongs in the top k is ever screened out.
;;
;; Layout (all byte offsets into the imported memory, chosen by the caller):
;;   rows    row r at rows + r * stride; stride a multiple of 16 (4 floats), zero padded
;;   q       the query (scan1) or four queries one stride apart (scan4), zero padded
;;   mask    one byte per row, 0 = skip the row (scan1 only; 0 = no mask)
;;   out     i32 results; scan1 writes row numbers, scan4 writes row * 4 + query lane
;; Both functions scan whole blocks of four rows from `start` up to `end` (end - start is a
;; multiple of 4), stop early once more than `cap` results are written (the buffer must hold
;; cap + 8), and return the row they stopped at; `found()` gives the number of results.
(module
  (import "env" "memory" (memory 1))
  (global $found (mut i32) (i32.const 0))

  (func (export "found") (result i32)
    (global.get $found))

  (func (export "scan1")
    (param $rows i32) (param $stride i32) (param $start i32) (param $end i32) (param $q i32)
    (param $thr f32) (param $mask i32) (param $out i32) (param $cap i32) (result i32)
    (local $row i32) (local $p i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $c i32) (local $n i32) (local $bits i32)
    (local $v v128) (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $ab v128) (local $cd v128) (local $t v128)
    ;; the threshold broadcast once
    (local.set $t (f32x4.splat (local.get $thr)))
    (local.set $row (local.get $start))
    (local.set $p (i32.add (local.get $rows) (i32.mul (local.get $start) (local.get $stride))))
    (block $done
      (loop $blocks
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (br_if $done (i32.gt_u (local.get $n) (local.get $cap)))
        (local.set $p1 (i32.add (local.get $p) (local.get $stride)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $stride)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $stride)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        ;; four rows at once: one query chunk against the same chunk of each row
        (loop $dims
          (local.set $v (v128.load (i32.add (local.get $q) (local.get $c))))
          (local.set $a0 (f32x4.add (local.get $a0)
            (f32x4.mul (v128.load (i32.add (local.get $p) (local.get $c))) (local.get $v))))
          (local.set $a1 (f32x4.add (local.get $a1)
            (f32x4.mul (v128.load (i32.add (local.get $p1) (local.get $c))) (local.get $v))))
          (local.set $a2 (f32x4.add (local.get $a2)
            (f32x4.mul (v128.load (i32.add (local.get $p2) (local.get $c))) (local.get $v))))
          (local.set $a3 (f32x4.add (local.get $a3)
            (f32x4.mul (v128.load (i32.add (local.get $p3) (local.get $c))) (local.get $v))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $dims (i32.lt_u (local.get $c) (local.get $stride))))
        ;; horizontal sums: lane i of $v becomes the score of row + i
        (local.set $ab (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $cd (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a2) (local.get $a3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a2) (local.get $a3))))
        (local.set $v (f32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ab) (local.get $cd))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ab) (local.get $cd))))
        ;; four comparisons at once; the branch is taken only when a row reaches the threshold
        (local.set $bits (i32x4.bitmask (f32x4.ge (local.get $v) (local.get $t))))
        (if (local.get $bits)
          (then
            (if (local.get $mask)
              (then
                (local.set $bits (i32.and (local.get $bits)
                  (i8x16.bitmask (i8x16.ne
                    (v128.load32_zero (i32.add (local.get $mask) (local.get $row)))
                    (v128.const i32x4 0 0 0 0)))))))
            (block $emitted
              (loop $emit
                (br_if $emitted (i32.eqz (local.get $bits)))
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
                  (i32.add (local.get $row) (i32.ctz (local.get $bits))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $emit)))))
        (local.set $row (i32.add (local.get $row) (i32.const 4)))
        (local.set $p (i32.add (local.get $p3) (local.get $stride)))
        (br $blocks)))
    (global.set $found (local.get $n))
    (local.get $row))

  (func (export "scan4")
    (param $rows i32) (param $stride i32) (param $start i32) (param $end i32) (param $q i32)
    (param $thr i32) (param $out i32) (param $cap i32) (result i32)
    (local $row i32) (local $p i32) (local $p1 i32) (local $q1 i32) (local $q2 i32) (local $q3 i32)
    (local $c i32) (local $n i32) (local $bits i32)
    (local $x v128) (local $y v128) (local $v v128) (local $t v128) (local $ab v128) (local $cd v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $b0 v128) (local $b1 v128) (local $b2 v128) (local $b3 v128)
    (local.set $t (v128.load (local.get $thr)))
    (local.set $q1 (i32.add (local.get $q) (local.get $stride)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $stride)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $stride)))
    (local.set $row (local.get $start))
    (local.set $p (i32.add (local.get $rows) (i32.mul (local.get $start) (local.get $stride))))
    (block $done
      (loop $pairs
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (br_if $done (i32.gt_u (local.get $n) (local.get $cap)))
        (local.set $p1 (i32.add (local.get $p) (local.get $stride)))
        (local.set $a0 (v128.const i32x4 0 0 0 0))
        (local.set $a1 (v128.const i32x4 0 0 0 0))
        (local.set $a2 (v128.const i32x4 0 0 0 0))
        (local.set $a3 (v128.const i32x4 0 0 0 0))
        (local.set $b0 (v128.const i32x4 0 0 0 0))
        (local.set $b1 (v128.const i32x4 0 0 0 0))
        (local.set $b2 (v128.const i32x4 0 0 0 0))
        (local.set $b3 (v128.const i32x4 0 0 0 0))
        (local.set $c (i32.const 0))
        ;; a 2 rows x 4 queries register tile: each chunk of a row is loaded once for four queries
        (loop $dims
          (local.set $x (v128.load (i32.add (local.get $p) (local.get $c))))
          (local.set $y (v128.load (i32.add (local.get $p1) (local.get $c))))
          (local.set $v (v128.load (i32.add (local.get $q) (local.get $c))))
          (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $x) (local.get $v))))
          (local.set $b0 (f32x4.add (local.get $b0) (f32x4.mul (local.get $y) (local.get $v))))
          (local.set $v (v128.load (i32.add (local.get $q1) (local.get $c))))
          (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $x) (local.get $v))))
          (local.set $b1 (f32x4.add (local.get $b1) (f32x4.mul (local.get $y) (local.get $v))))
          (local.set $v (v128.load (i32.add (local.get $q2) (local.get $c))))
          (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $x) (local.get $v))))
          (local.set $b2 (f32x4.add (local.get $b2) (f32x4.mul (local.get $y) (local.get $v))))
          (local.set $v (v128.load (i32.add (local.get $q3) (local.get $c))))
          (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $x) (local.get $v))))
          (local.set $b3 (f32x4.add (local.get $b3) (f32x4.mul (local.get $y) (local.get $v))))
          (local.set $c (i32.add (local.get $c) (i32.const 16)))
          (br_if $dims (i32.lt_u (local.get $c) (local.get $stride))))
        ;; first row: lane i of $v is its score against query i
        (local.set $ab (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a0) (local.get $a1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a0) (local.get $a1))))
        (local.set $cd (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $a2) (local.get $a3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $a2) (local.get $a3))))
        (local.set $v (f32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ab) (local.get $cd))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ab) (local.get $cd))))
        (local.set $bits (i32x4.bitmask (f32x4.ge (local.get $v) (local.get $t))))
        (if (local.get $bits)
          (then
            (block $emitted
              (loop $emit
                (br_if $emitted (i32.eqz (local.get $bits)))
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
                  (i32.or (i32.shl (local.get $row) (i32.const 2)) (i32.ctz (local.get $bits))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $emit)))))
        ;; second row
        (local.set $ab (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b0) (local.get $b1))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b0) (local.get $b1))))
        (local.set $cd (f32x4.add
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $b2) (local.get $b3))
          (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $b2) (local.get $b3))))
        (local.set $v (f32x4.add
          (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $ab) (local.get $cd))
          (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $ab) (local.get $cd))))
        (local.set $bits (i32x4.bitmask (f32x4.ge (local.get $v) (local.get $t))))
        (if (local.get $bits)
          (then
            (block $emitted
              (loop $emit
                (br_if $emitted (i32.eqz (local.get $bits)))
                (i32.store (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2)))
                  (i32.or (i32.shl (i32.add (local.get $row) (i32.const 1)) (i32.const 2))
                    (i32.ctz (local.get $bits))))
                (local.set $n (i32.add (local.get $n) (i32.const 1)))
                (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
                (br $emit)))))
        (local.set $row (i32.add (local.get $row) (i32.const 2)))
        (local.set $p (i32.add (local.get $p1) (local.get $stride)))
        (br $pairs)))
    (global.set $found (local.get $n))
    (local.get $row))
)
