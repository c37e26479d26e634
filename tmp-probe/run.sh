cd /work/wt/workers-eps
for round in 1 2; do
  echo "load $(cut -d' ' -f1 /proc/loadavg)"; npx tsx tmp-probe/probe.ts 0.1,0.25,0.5,0.75 1
  echo "load $(cut -d' ' -f1 /proc/loadavg)"; npx tsx tmp-probe/probe.ts 0.1,0.25,0.5,0.75 2
  echo "load $(cut -d' ' -f1 /proc/loadavg) two processes:"; s=$(date +%s.%N); npx tsx tmp-probe/probe.ts 0.1,0.5 1 & npx tsx tmp-probe/probe.ts 0.25,0.75 1 & wait; echo "both done $(echo "$(date +%s.%N) - $s" | bc)"
done
